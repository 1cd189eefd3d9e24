"""Reports: the statistics counted from the event log for any period (`measures`,
`turnaround`, `breakdowns`), the monthly report put together (`monthly`), and its exports."""
