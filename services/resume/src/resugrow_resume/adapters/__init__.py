"""Adapters: repositories, the render pool, outbound clients."""
