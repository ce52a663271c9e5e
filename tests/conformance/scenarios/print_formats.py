# Pins: how output becomes timestamped lines: every line of a multi-line print gets its own
# stamp; an empty print() is an empty line; sep= is honoured; a line built from several
# writes (print(..., end=""), sys.stdout.write) is stamped when its newline is written
# (0.500 here, not 0.000); lines printed to stderr are not part of stdout; an unfinished last
# line is completed at the end of the script.
import asyncio
import sys


async def main():
    print("第一行\n第二行")
    print("开始...", end="")
    await asyncio.sleep(0.5)
    print("完成")
    print()
    print("a", "b", 3, sep="-")
    print("to stderr", file=sys.stderr)
    sys.stdout.write("written ")
    sys.stdout.write("directly\nand more\n")
    print("flushed", flush=True, file=sys.stdout)
    print("list:", [1, "二", 3.0], "dict:", {"k": "值"}, "tuple:", (None, True))
    await asyncio.sleep(0.25)
    print("no newline at the end", end="")


asyncio.run(main())
