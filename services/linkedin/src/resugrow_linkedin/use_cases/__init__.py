"""What a user (or an upstream event) does with the LinkedIn review service."""
