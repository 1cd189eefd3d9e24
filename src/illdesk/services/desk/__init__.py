"""The desk: enter, review, send, receive, check out, renew and return requests; the scanning
desk; queues and the views the window shows of them."""
