"""FastAPI routers: thin, one use case each."""
