"""python -m senim"""

from senim.cli.app import main

main()
