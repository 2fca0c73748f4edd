"""The tests' own Redis: see theset.private_servers."""

from theset.private_servers import PrivateRedis, redis_binary

__all__ = ["PrivateRedis", "redis_binary"]
