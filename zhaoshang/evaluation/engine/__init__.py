"""亩均效益综合评价: the scoring engine, free of Django so the CLI and the benchmark can use it alone.

`scheme` holds what a scheme may set (every number a setting), `presets` the schemes that ship,
`indicators` the catalogue of ratios, `data` the column arrays of one year's enterprise data, and
`score.evaluate` turns data + scheme into results with numpy, one pass over arrays, no Python loop per row.
"""
