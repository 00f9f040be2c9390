"""HTTP routes of the resume service."""
