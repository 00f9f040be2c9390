"""The `make run` launcher; a package only so import-linter can check what it imports."""
