"""The catalog logic, pure (no I/O): title parsing, the live/studio classifier and the duplicate merge."""
