from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/issue.css'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_theme = resolve('theme')
    l_0_layout = resolve('layout')
    l_0_light = l_0_dark = l_0_fonts = missing
    pass
    l_0_light = environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'light')
    context.vars['light'] = l_0_light
    context.exported_vars.add('light')
    l_0_dark = environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'dark')
    context.vars['dark'] = l_0_dark
    context.exported_vars.add('dark')
    l_0_fonts = environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'fonts')
    context.vars['fonts'] = l_0_fonts
    context.exported_vars.add('fonts')
    yield '.issue { display: block; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; padding: 0 0 24px; }\n.issue-subject { margin: 0; padding: 24px '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'padding'))
    yield 'px 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 30px; line-height: 36px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.issue .block { display: block; }\n.issue-nav { display: flex; flex-wrap: wrap; gap: 12px; padding: 20px 16px 0; }\n.site .issue-nav a { display: block; flex: 1 1 240px; padding: 12px 16px; border: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; border-radius: 6px; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'link'))
    yield '; font-size: 15px; line-height: 20px; text-decoration: none; }\n.issue-nav span { display: block; margin: 0 0 4px; font-size: 12px; line-height: 16px; font-weight: bold; letter-spacing: 1px; text-transform: uppercase; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.site .issue-nav-newer { text-align: end; }\n\n@media screen and (max-width: '
    yield str((environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'width') + 20))
    yield 'px) {\n  .issue-subject { padding-left: 16px; padding-right: 16px; font-size: 24px; line-height: 30px; }\n}\n\n@media (prefers-color-scheme: dark) {\n  .issue, .site .issue-nav a { background-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'surface'))
    yield '; border-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'border'))
    yield '; }\n  .issue-subject { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'brand'))
    yield '; }\n  .site .issue-nav a { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'link'))
    yield '; }\n  .issue-nav span { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'muted'))
    yield '; }\n}\n'

blocks = {}
debug_info = '3=14&4=17&5=20&6=24&7=26&10=32&11=38&14=40&19=42&20=46&21=48&22=50'