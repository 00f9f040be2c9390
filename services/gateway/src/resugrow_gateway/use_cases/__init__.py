"""What a user does through the gateway, one module per area; each use case takes a unit of work."""
