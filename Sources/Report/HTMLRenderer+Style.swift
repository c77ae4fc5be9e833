extension HTMLRenderer {
    /// The page's style sheet: serif body like the PDF, a fixed contents sidebar on wide screens.
    static let css = """

    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #0b5cad; --ok: #1a7f37; --bad: #b42318; --unsure: #b45309; }
    * { box-sizing: border-box; }
    html { scroll-behavior: smooth; }
    body { margin: 0; color: var(--ink); background: #fff; font: 17px/1.55 "Charis SIL", "Georgia", "DejaVu Serif", serif; }
    nav.toc { position: fixed; top: 0; left: 0; bottom: 0; width: 17rem; overflow-y: auto; padding: 1.5rem 1rem 2rem 1.25rem;
      background: #f7f7f9; border-right: 1px solid var(--rule); font: 14px/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
    nav.toc .toc-title { font-weight: bold; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); margin: 0 0 .6rem; }
    nav.toc ul { list-style: none; margin: 0; padding: 0; }
    nav.toc ul ul { margin: .2rem 0 .5rem .9rem; font-size: 13px; }
    nav.toc li { margin: .25rem 0; }
    nav.toc a { color: var(--ink); text-decoration: none; }
    nav.toc a:hover { color: var(--accent); text-decoration: underline; }
    nav.toc .number { color: var(--muted); margin-right: .2rem; }
    main { margin-left: 17rem; padding: 2rem 3rem 5rem; max-width: 60rem; }
    @media (max-width: 900px) { nav.toc { position: static; width: auto; border-right: 0; border-bottom: 1px solid var(--rule); }
      main { margin-left: 0; padding: 1rem 1.2rem 4rem; } }
    .title-block { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; margin-bottom: 1.5rem; }
    .title-block h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0; }
    .subtitle { font-size: 1.2rem; color: var(--muted); margin: .2rem 0 .8rem; }
    .detail { margin: .1rem 0; color: var(--muted); font-size: .9rem; }
    h2 { font-size: 1.6rem; margin: 2.5rem 0 1rem; border-bottom: 1px solid var(--rule); padding-bottom: .3rem; }
    h3 { font-size: 1.25rem; margin: 2rem 0 .6rem; }
    h4, h5, h6 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
    h2 .number, h3 .number, h4 .number { color: var(--muted); margin-right: .35rem; }
    a { color: var(--accent); }
    p { margin: .6rem 0; text-align: justify; hyphens: auto; }
    blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 3px solid var(--rule); color: #3c3c43; }
    code { font: .86em "DejaVu Sans Mono", "Menlo", monospace; background: #f3f3f6; padding: .05em .25em; border-radius: 3px; }
    pre { font: 13px/1.45 "DejaVu Sans Mono", "Menlo", monospace; background: #f6f7f9; border: 1px solid #e6e7eb;
      border-left: 3px solid #9aa5b1; padding: .7rem .9rem; overflow-x: auto; border-radius: 3px; position: relative; }
    pre code { background: none; padding: 0; font: inherit; }
    pre.cell .cell-line { position: absolute; top: .2rem; right: .5rem; font-size: 11px; color: #9aa0a6; }
    pre .keyword { color: #a626a4; } pre .type { color: #0b5cad; } pre .string { color: #a31515; }
    pre .number { color: #986801; } pre .comment { color: #6a737d; font-style: italic; }
    figure { margin: 1.4rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; }
    figcaption { font-size: .92rem; color: #3c3c43; margin-top: .4rem; text-align: left; }
    figcaption .label { font-weight: bold; margin-right: .3rem; }
    figure.table figcaption { margin: 0 0 .4rem; }
    table { border-collapse: collapse; margin: .5rem auto; font-size: .92rem; }
    th, td { padding: .3rem .7rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
    thead th { border-bottom: 2px solid #999; }
    td.right, th.right { text-align: right; font-variant-numeric: tabular-nums; } td.center, th.center { text-align: center; }
    table.values { margin: .6rem 0 1rem; font-size: .9rem; }
    table.values th { font-weight: normal; color: var(--muted); border: 0; padding: .1rem 1rem .1rem 0; }
    table.values td { border: 0; padding: .1rem 0; font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
    table.findings { width: 100%; font-size: .86rem; }
    table.findings td.verdict, table.findings td.kind, table.findings td.prediction { white-space: nowrap; }
    table.findings td.verdict { font-weight: bold; }
    table.findings td.estimate { white-space: nowrap; font-variant-numeric: tabular-nums; }
    table.findings .evidence, table.findings .statistic, table.findings .unit { color: var(--muted); font-size: .8rem; }
    tr.positive td.verdict { color: var(--ok); } tr.negative td.verdict { color: var(--bad); }
    tr.uncertain td.verdict { color: var(--unsure); } tr.missing td.verdict { color: var(--muted); }
    tr.uncertain { background: #fff8ec; }
    .legend { font-size: .9rem; color: var(--muted); }
    .legend .positive { color: var(--ok); font-weight: bold; } .legend .negative { color: var(--bad); font-weight: bold; }
    .legend .uncertain { color: var(--unsure); font-weight: bold; }
    .claim { border: 1px solid var(--rule); border-left: 5px solid var(--ok); background: #f3faf5; padding: .5rem 1rem; margin: 1.2rem 0; border-radius: 3px; }
    .claim.negative { border-left-color: var(--bad); background: #fdf3f2; }
    .claim.uncertain { border-left-color: var(--unsure); background: #fff8ec; }
    .claim .verdict { font-weight: bold; margin: .2rem 0; color: var(--ok); }
    .claim.negative .verdict { color: var(--bad); } .claim.uncertain .verdict { color: var(--unsure); }
    .claim .statement { margin: .3rem 0; } .claim .evidence, .claim .estimate, .claim .reason { margin: .3rem 0; color: #3c3c43; font-size: .95rem; }
    .notice { border: 1px solid var(--rule); border-left: 5px solid #9aa0a6; background: #f7f7f9; padding: .4rem 1rem; margin: 1rem 0; border-radius: 3px; }
    .notice.failure { border-left-color: var(--bad); background: #fdf3f2; }
    .notice.warning { border-left-color: #c77700; background: #fff8ec; }
    .notice pre { background: #fff; max-height: 20rem; }

    """
}
