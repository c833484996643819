#!/usr/bin/env python3
"""Opens a results.nxs in silx view (Debian's python3-silx) without a display and saves what it shows.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/silx-view-screenshot.py RESULTS.nxs OUT.png

First asks silx's own NeXus parser which NXdata is the file's default plot (what silx view and h5web
show when the file is opened) and fails unless it is the domain map, an image with micrometre axes;
then selects the file in silx view's tree, as a user does, and saves the window.
"""
import sys

import h5py
from silx.gui import qt
from silx.io import nxdata


def main(path, png):
    with h5py.File(path, "r") as f:
        default = nxdata.get_default(f)
        if default is None or default.group.name != "/entry/domains" or not default.is_image:
            sys.exit(f"{path}: the default plot is not the domain map image: {default and default.group.name}")
        units = [a.attrs.get("units") for a in default.axes]
        print(f"{path}: default plot {default.group.name}, '{default.title}', signal {default.signal.shape}, "
              f"axes {default.axes_names} in {[u.decode() if isinstance(u, bytes) else u for u in units]}")
    app = qt.QApplication([])
    from silx.app.view.Viewer import Viewer
    viewer = Viewer()
    viewer.resize(1100, 700)
    viewer.appendFile(path)
    tree = viewer._Viewer__treeview  # silx view's own tree: selecting the file shows its default plot
    tree.setCurrentIndex(tree.findHdf5TreeModel().index(0, 0, qt.QModelIndex()))
    viewer.show()
    for _ in range(50):
        app.processEvents()
        qt.QThread.msleep(20)
    viewer.grab().save(png)
    print(f"saved {png}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
