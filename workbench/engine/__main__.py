"""`python -m workbench.engine`: the engine process the window starts (see workbench.engine)."""

from workbench.engine.server import main

raise SystemExit(main())
