"""Icons and texts shipped with Closeness (installed as ``closeness_desktop.resources``)."""
