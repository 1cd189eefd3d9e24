"""Who may do what: signing in, roles, and the permission check every guarded service makes.

`permissions.require(uow, Permission.X)` is the one check (decision 0015); `sign_in` turns a
name or badge and a PIN into a person, and keeps the command line's sign-in tokens.
"""
