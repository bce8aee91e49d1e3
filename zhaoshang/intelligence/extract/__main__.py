import sys

from zhaoshang.intelligence.extract.cli import main

sys.exit(main())
