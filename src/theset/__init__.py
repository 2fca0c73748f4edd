"""TheSet: concert setlist voting platform."""
