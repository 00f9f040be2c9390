"""HTTP routes of the LinkedIn review service."""
