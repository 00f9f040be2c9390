"""What a user (or an upstream event) does with the ATS service: one small module per activity."""
