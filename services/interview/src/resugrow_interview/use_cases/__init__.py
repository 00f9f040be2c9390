"""What a user (or an upstream event) does with the interview service: one module per activity."""
