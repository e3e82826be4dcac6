# Converts MapLibre / Mapbox GL styles with QGIS's own converter (QgsMapBoxGlStyleConverter, what
# "Add Vector Tile Layer" with a style URL uses) and prints, per style, what it made of it as one JSON line:
# the result code (0 = success), the error, the renderer and labeling style names and the warnings.
# Used by nl.tweeling.styles.StylesTest when python3-qgis is installed: /usr/bin/python3 qgis_convert.py FILE...
import json
import sys

from qgis.core import QgsApplication, QgsMapBoxGlStyleConversionContext, QgsMapBoxGlStyleConverter

app = QgsApplication([], False)
app.initQgis()
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        style = json.load(f)
    converter = QgsMapBoxGlStyleConverter()
    result = converter.convert(style, QgsMapBoxGlStyleConversionContext())
    renderer = converter.renderer()
    labeling = converter.labeling()
    print(json.dumps({
        "file": name,
        "result": int(result),
        "error": converter.errorMessage(),
        "styles": [s.styleName() for s in renderer.styles()] if renderer else [],
        "labels": [s.styleName() for s in labeling.styles()] if labeling else [],
        "warnings": list(converter.warnings()),
    }))
app.exitQgis()
