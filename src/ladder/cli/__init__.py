"""The command line: `ladder.cli.app` builds the Typer app; the modules beside it add commands.

Importing `app` first means any command module can be imported on its own (the modules
import shared helpers from `app`, and `app` imports them to register their commands).
"""

from ladder.cli import app as app
