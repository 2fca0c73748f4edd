"""`make chaos`: TheSet under faults, on loopback, against servers the run starts itself (issue 13)."""
