import sys

from inbox_app.cli import main

sys.exit(main())
