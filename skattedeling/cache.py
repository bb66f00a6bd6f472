"""Django's Redis cache backend with one redis-py client per connection pool instead of one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache operation
(≈ 0.1 ms CPU each, measured: ``cache.get`` 219 µs against 62 µs with a reused client); the integrations
make ≈ 11 cache operations per tax-basis lookup (token, slots, classification version). The client object
is thread-safe and holds no connection of its own (the pool does, and redis-py's pool resets itself in
a forked child), so reusing it per pool is safe. Settings select it for every ``rediscache://`` URL.
"""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
