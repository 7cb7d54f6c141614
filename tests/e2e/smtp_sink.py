# smtp_sink.py — a local SMTP server for the e-mail tests (Debian's python3-aiosmtpd): listens
# on 127.0.0.1 only, writes each accepted message to DIR/NNNN.eml (whole, then renamed), and
# writes its port to DIR/port once it listens.
#   --refuse N   answer the first N messages "451 try again later" (kept nowhere)
#   --delay S    after keeping a message, wait S seconds before answering 250
#   --port P     listen on P (default: a free port)
import argparse, asyncio, os, signal, socket, sys, time
from aiosmtpd.controller import Controller

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--refuse", type=int, default=0)
ap.add_argument("--delay", type=float, default=0)
ap.add_argument("--port", type=int, default=0)
args = ap.parse_args()

class Sink:
    def __init__(self):
        self.refuse = args.refuse
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        self.n += 1
        name = os.path.join(args.dir, "%04d.eml" % self.n)
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        if args.delay:
            await asyncio.sleep(args.delay)
        return "250 2.0.0 kept"

port = args.port
if not port:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
c = Controller(Sink(), hostname="127.0.0.1", port=port)
c.start()
with open(os.path.join(args.dir, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
signal.signal(signal.SIGTERM, lambda *a: (c.stop(), sys.exit(0)))
try:
    while True:
        time.sleep(1)
except KeyboardInterrupt:
    c.stop()
