"""HTTP API: thin routers calling one use case each."""
