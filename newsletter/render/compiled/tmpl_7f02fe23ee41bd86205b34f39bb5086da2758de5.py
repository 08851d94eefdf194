from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/site.css'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_theme = resolve('theme')
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
    yield '.site { margin: 0; padding: 0; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'background'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 16px; line-height: 24px; overflow-wrap: break-word; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }\n.site-bar { background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; border-bottom: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; }\n.site-bar-inner { display: flex; flex-wrap: nowrap; align-items: center; justify-content: space-between; gap: 8px 16px; max-width: '
    yield str(environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'width'))
    yield 'px; margin: 0 auto; padding: 12px 16px; }\n.site .site-title { flex: 1 1 auto; min-width: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 18px; line-height: 24px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; text-decoration: none; }\n.site .site-signup { flex: none; white-space: nowrap; display: inline-block; padding: 8px 16px; border-radius: 4px; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent_text'))
    yield '; font-size: 15px; line-height: 20px; font-weight: bold; text-decoration: none; }\n.site-main { display: block; max-width: '
    yield str(environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'width'))
    yield 'px; margin: 0 auto; }\n.site-nav { padding: 16px; font-size: 15px; line-height: 20px; }\n.archive { margin: 24px 0 0; padding: 28px 24px 12px; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; }\n.archive-title { margin: 0 0 6px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 30px; line-height: 36px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.archive-description { margin: 0 0 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.archive-list { margin: 0; padding: 0; list-style: none; }\n.archive-item { padding: 16px 0; border-top: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; }\n.archive-meta { margin: 0 0 4px; font-size: 13px; line-height: 18px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.archive-subject { margin: 0 0 6px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 21px; line-height: 27px; }\n.site .archive-subject a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; text-decoration: none; }\n.site .archive-subject a:hover { text-decoration: underline; }\n.archive-preheader { margin: 0; }\n.archive-empty, .archive-latest { margin: 0 0 16px; }\n.archive-pages { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 8px 16px; padding: 16px 0; border-top: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; font-size: 15px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.site-footer { max-width: '
    yield str(environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'width'))
    yield 'px; margin: 0 auto; padding: 24px 16px 40px; text-align: center; font-size: 13px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.site-footer p { margin: 0 0 10px; }\n.site .site-footer a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n\n/* Phones. */\n@media screen and (max-width: '
    yield str((environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'width') + 20))
    yield "px) {\n  .archive { margin-top: 0; padding-left: 16px; padding-right: 16px; }\n  .archive-title { font-size: 26px; line-height: 32px; }\n}\n\n/* Links need !important: on issue pages the email's dark rules colour every link so. */\n@media (prefers-color-scheme: dark) {\n  .site { background-color: "
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'background'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'text'))
    yield '; }\n  .site-bar { background-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'surface'))
    yield '; border-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'border'))
    yield '; }\n  .archive-title { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'brand'))
    yield '; }\n  .site .site-title, .site .archive-subject a { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'brand'))
    yield ' !important; }\n  .site .site-signup { background-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent_text'))
    yield ' !important; }\n  .archive { background-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'surface'))
    yield '; }\n  .archive-item, .archive-pages { border-color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'border'))
    yield '; }\n  .archive-description, .archive-meta, .archive-pages, .site-footer { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'muted'))
    yield '; }\n  .site .site-footer a { color: '
    yield str(environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'muted'))
    yield ' !important; }\n}\n'

blocks = {}
debug_info = '4=13&5=16&6=19&7=23&8=29&9=33&10=35&11=39&12=43&14=45&15=47&16=51&18=53&19=55&20=57&21=59&25=61&26=65&28=69&31=71&38=73&39=77&40=81&41=83&42=85&43=89&44=91&45=93&46=95'