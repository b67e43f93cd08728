"""Everything that leaves the app as a figure, a table or a file, built from scoring output."""
