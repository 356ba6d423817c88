#!/usr/bin/python3
"""A throwaway S3-compatible server for tests: OpenStack Swift with its s3api middleware.

Runs Swift's proxy, account, container and object servers in this one process (one eventlet
hub), stores everything under --root, and speaks S3 on --host:--port (0 picks a free port).
Credentials are --access-key / --secret-key (the access key must look like "account:user").

Prints one JSON line {"port": N} to stdout once it accepts connections, and exits when its
standard input closes, so a test process that dies cannot leave it running.

Needs Debian's python3-swift (scripts/install-test-deps.sh installs it); run it with the
system interpreter, /usr/bin/python3, which is the one that sees Debian's packages.
"""

import argparse
import json
import logging
import os
import sys
import time
import warnings

import eventlet
import eventlet.patcher

eventlet.patcher.monkey_patch(all=False, socket=True, select=True, thread=True)
# eventlet warns when response header names keep their case; S3 clients need exactly that ("ETag")
warnings.filterwarnings('ignore', category=DeprecationWarning)

from eventlet import wsgi  # noqa: E402
from swift.common import constraints, storage_policy, utils  # noqa: E402
from swift.common.ring import RingBuilder  # noqa: E402
from swift.common.wsgi import SwiftHttpProtocol, loadapp  # noqa: E402

PART_POWER = 6

SWIFT_CONF = """\
[swift-hash]
swift_hash_path_prefix = kiln-test
swift_hash_path_suffix = kiln-test

[storage-policy:0]
name = default
default = yes
"""

COMMON = """\
[DEFAULT]
swift_dir = {etc}
devices = {devices}
mount_check = false
log_level = {log_level}
"""

PROXY_CONF = COMMON + """\
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
paste.filter_factory = swift_s3_server:memory_cache_filter

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:s3api]
use = egg:swift#s3api
location = {region}

[filter:tempauth]
use = egg:swift#tempauth
user_{account}_{user} = {secret} .admin

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
"""

BACKEND_CONF = COMMON + """\
[pipeline:main]
pipeline = {name}-server

[app:{name}-server]
use = egg:swift#{name}
"""


class StderrLogHandler(logging.StreamHandler):
    """Takes the place of Swift's syslog handler: a test run shows server errors on stderr."""

    def __init__(self, address=None, facility=None):
        super().__init__(sys.stderr)


class MemoryCache:
    """Stands in for memcached, which tempauth requires; one process needs no shared cache."""

    def __init__(self):
        self._entries = {}

    def get(self, key, **_):
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires = entry
        if expires and expires < time.time():
            del self._entries[key]
            return None
        return value

    def set(self, key, value, serialize=True, time=0, **_):  # noqa: A002 - memcache's signature
        self._entries[key] = (value, _expiry(time))
        return True

    def incr(self, key, delta=1, time=0, **_):  # noqa: A002
        value = int(self.get(key) or 0) + delta
        self._entries[key] = (value, _expiry(time))
        return value

    def decr(self, key, delta=1, time=0, **_):  # noqa: A002
        return self.incr(key, -delta, time)

    def delete(self, key, **_):
        self._entries.pop(key, None)

    def get_multi(self, keys, server_key, **_):
        return [self.get(key) for key in keys]

    def set_multi(self, mapping, server_key, serialize=True, time=0, **_):  # noqa: A002
        for key, value in mapping.items():
            self.set(key, value, time=time)


def _expiry(seconds):
    if not seconds:
        return 0
    # memcache treats values above 30 days as absolute timestamps
    return seconds if seconds > 30 * 24 * 3600 else time.time() + seconds


def memory_cache_filter(global_conf, **local_conf):
    cache = MemoryCache()

    def middleware(app):
        def with_cache(env, start_response):
            env['swift.cache'] = cache
            return app(env, start_response)
        return with_cache

    return middleware


def write(path, text):
    with open(path, 'w', encoding='utf-8') as file:
        file.write(text)


def build_ring(etc, name, port):
    builder = RingBuilder(PART_POWER, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port,
                     'device': 'sda1', 'weight': 100, 'meta': ''})
    builder.rebalance()
    builder.get_ring().save(os.path.join(etc, name + '.ring.gz'))


def serve(sock, app):
    wsgi.server(sock, app, log=utils.NullLogger(), protocol=SwiftHttpProtocol,
                capitalize_response_headers=False, socket_timeout=60)


def exit_when_stdin_closes():
    threading = eventlet.patcher.original('threading')

    def wait():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--root', required=True, help='folder for configuration and data')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--access-key', default='kiln:tester')
    parser.add_argument('--secret-key', default='kiln-secret')
    parser.add_argument('--region', default='us-east-1')
    parser.add_argument('--log-level', default='ERROR')
    args = parser.parse_args()

    account, _, user = args.access_key.partition(':')
    if not account or not user:
        parser.error('--access-key must look like "account:user"')

    os.environ['TZ'] = 'UTC+0'
    time.tzset()
    etc = os.path.join(args.root, 'etc')
    devices = os.path.join(args.root, 'devices')
    os.makedirs(etc, exist_ok=True)
    os.makedirs(os.path.join(devices, 'sda1'), exist_ok=True)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

    utils.ThreadSafeSysLogHandler = StderrLogHandler
    write(os.path.join(etc, 'swift.conf'), SWIFT_CONF)
    utils.set_swift_dir(etc)
    storage_policy.reload_storage_policies()
    constraints.reload_constraints()

    settings = {'etc': etc, 'devices': devices, 'log_level': args.log_level}
    sockets = {}
    for name in ('account', 'container', 'object'):
        sockets[name] = eventlet.listen(('127.0.0.1', 0))
        build_ring(etc, name, sockets[name].getsockname()[1])
        conf = os.path.join(etc, name + '-server.conf')
        write(conf, BACKEND_CONF.format(name=name, **settings))
        eventlet.spawn(serve, sockets[name], loadapp(conf))

    proxy_conf = os.path.join(etc, 'proxy-server.conf')
    write(proxy_conf, PROXY_CONF.format(region=args.region, account=account, user=user,
                                        secret=args.secret_key, **settings))
    proxy_app = loadapp(proxy_conf)
    proxy_socket = eventlet.listen((args.host, args.port))

    exit_when_stdin_closes()
    print(json.dumps({'port': proxy_socket.getsockname()[1]}), flush=True)
    serve(proxy_socket, proxy_app)


if __name__ == '__main__':
    main()
