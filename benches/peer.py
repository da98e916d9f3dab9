"""The peer newsdesk is compared with: what an editor would script instead.

python-frontmatter with PyYAML's C loader, `frontmatter.load` on every `.md` file under
the folder. Prints `ms peak_rss_kib items` for benches/load.rs.
Needs: pip install python-frontmatter pyyaml
"""
import os
import resource
import sys
import time

import frontmatter
import yaml

root = sys.argv[1]
start = time.perf_counter()


class CHandler(frontmatter.YAMLHandler):
    def load(self, fm, **kwargs):
        return yaml.load(fm, Loader=yaml.CSafeLoader)


handler = CHandler()
items = 0
for folder, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        if name.endswith(".md") and not name.startswith("."):
            post = frontmatter.load(os.path.join(folder, name), handler=handler)
            items += bool(post.metadata)
ms = (time.perf_counter() - start) * 1000
print(f"{ms:.0f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {items}")
