import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported: the line cli.main prints
    print("已中断。", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
