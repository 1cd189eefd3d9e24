"""The desk: enter, review, send, receive, check out, renew and return requests; the scanning
desk; queues and the views the window shows of them.

An action's defaults and context come from `action_inputs.prepare` for every caller; a scan is
read, decided (`core.desk_decision`) and written (`store.request_writer`) in `scan`.
"""
