"""A TCP server that accepts connections and never answers: a hung Redis, database or SMTP
server, for the tests that a dependency hanging must not hold a reader."""

import contextlib
import socket
import threading


@contextlib.contextmanager
def hung_tcp_server(port):
    """Listens on 127.0.0.1:port, accepts, never says a word; yields the accepted sockets."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(32)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield accepted
    finally:
        stop.set()
        thread.join()
        for sock in accepted:
            sock.close()
        listener.close()
