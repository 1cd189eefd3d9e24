"""Rules: copyright compliance of borrowed copies (the rule of five, fees, the clearance
queue, the yearly report), lending policy, purchase instead of borrowing, and what a
correctional facility may receive. The decisions are pure code in `core`; these modules read
what they need, apply them, and write through the one writer."""
