from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'style.css'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_theme = resolve('theme')
    l_0_settings = resolve('settings')
    l_0_layout = resolve('layout')
    l_0_light = l_0_dark = l_0_fonts = l_0_start = l_0_button = l_0_dark_mode = missing
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
    l_0_start = ('right' if (environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'direction') == 'rtl') else 'left')
    context.vars['start'] = l_0_start
    context.exported_vars.add('start')
    yield 'body { margin: 0; padding: 0; width: 100%; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'background'))
    yield '; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }\ntable { border-collapse: collapse; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }\ntd { mso-line-height-rule: exactly; }\nimg { border: 0; outline: none; text-decoration: none; -ms-interpolation-mode: bicubic; }\na { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'link'))
    yield '; text-decoration: underline; }\n.wrapper { background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'background'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; }\n.outer { background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'background'))
    yield '; }\n.outer-cell { padding: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'frame'))
    yield 'px 0; }\n.container { width: 100%; max-width: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'width'))
    yield 'px; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; overflow-wrap: anywhere; word-break: break-word; }\n.top-links { font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 12px; line-height: 18px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; padding: 12px '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'padding'))
    yield 'px; text-align: center; }\n.top-links a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.masthead { padding: 28px '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'padding'))
    yield 'px 20px; text-align: center; border-bottom: 3px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.masthead-name { margin: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 32px; line-height: 38px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.masthead-name a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; text-decoration: none; }\n.masthead-tagline { margin: 6px 0 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 14px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.masthead-date { margin: 8px 0 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 13px; line-height: 18px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.logo { display: block; width: 100%; height: auto; margin: 0 auto 12px; border: 0; }\n.logo-dark { display: none; max-height: 0; overflow: hidden; mso-hide: all; }\n.block { padding: 24px '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'padding'))
    yield 'px 0; }\n.intro { font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 16px; line-height: 24px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; }\n.prose { font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 16px; line-height: 24px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; }\n.prose p { margin: 0 0 14px; }\n.prose ul { margin: 0; margin-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 22px; padding: 0; }\n.prose ol { margin: 0; margin-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 22px; padding: 0; }\n.prose li { margin: 0 0 6px; }\n.prose blockquote { margin: 0; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.prose-block { padding: 0 0 14px; }\n.prose-quote { padding-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 14px; border-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 3px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.prose a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'link'))
    yield '; }\n.block-lead .prose { font-size: 18px; line-height: 28px; }\n.label { margin: 0 0 6px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 12px; line-height: 16px; font-weight: bold; letter-spacing: 1px; text-transform: uppercase; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent'))
    yield '; }\n.lead-title { margin: 0 0 10px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 30px; line-height: 36px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.story-title { margin: 0 0 8px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 21px; line-height: 27px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.grid-title { margin: 0 0 6px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 18px; line-height: 24px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.title-link { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; text-decoration: none; }\n.section-rule { padding: 0 0 8px; border-bottom: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; }\n.section-title { margin: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 14px; line-height: 20px; font-weight: bold; letter-spacing: 1px; text-transform: uppercase; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.byline { margin: 0 0 10px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 13px; line-height: 18px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.image-cell { background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'background'))
    yield '; }\n.image-link { text-decoration: none; }\n.image { display: block; width: 100%; height: auto; border: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 14px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.after-image { padding-top: 14px; }\n.caption { margin: 8px 0 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 13px; line-height: 18px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.grid { font-size: 0; text-align: '
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield '; }\n.column { display: inline-block; width: 100%; vertical-align: top; text-align: '
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield '; }\n.column-inner { padding-bottom: 16px; }\n.column-gap { padding-'
    yield str(('left' if ((undefined(name='start') if l_0_start is missing else l_0_start) == 'right') else 'right'))
    yield ': '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'gutter'))
    yield 'px; }\n.quote { padding: 4px 0; padding-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 18px; border-'
    yield str((undefined(name='start') if l_0_start is missing else l_0_start))
    yield ': 4px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent'))
    yield '; }\n.quote-text { margin: 0 0 10px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'heading'))
    yield '; font-size: 22px; line-height: 30px; font-style: italic; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'brand'))
    yield '; }\n.quote-by { margin: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 14px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.quote-by a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n'
    l_0_button = environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'button')
    context.vars['button'] = l_0_button
    context.exported_vars.add('button')
    yield '.button { display: inline-block; padding: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'padding_y'))
    yield 'px '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'padding_x'))
    yield 'px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'font_size'))
    yield 'px; line-height: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'line_height'))
    yield 'px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent_text'))
    yield '; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent'))
    yield '; text-decoration: none; border-radius: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'radius'))
    yield 'px; }\n.button-promo { padding: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'outline_padding_y'))
    yield 'px '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'outline_padding_x'))
    yield 'px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; background-color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'surface'))
    yield '; border: '
    yield str(environment.getattr((undefined(name='button') if l_0_button is missing else l_0_button), 'outline'))
    yield 'px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; }\n.divider { height: 1px; line-height: 1px; font-size: 1px; border-top: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; }\n.promo { border: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'card_border'))
    yield 'px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; padding: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'card_padding'))
    yield 'px; }\n.promo-label { margin: 0 0 8px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 11px; line-height: 14px; font-weight: bold; letter-spacing: 1px; text-transform: uppercase; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.listing { padding: 10px 0; border-bottom: 1px solid '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'border'))
    yield '; }\n.listing-when { margin: 0 0 2px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 13px; line-height: 18px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'accent'))
    yield '; }\n.listing-title { margin: 0 0 2px; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 16px; line-height: 22px; font-weight: bold; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; }\n.listing-title a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'text'))
    yield '; text-decoration: none; }\n.listing-meta { margin: 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 14px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.more { margin: 12px 0 0; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 15px; line-height: 22px; }\n.footer { padding: 28px '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'padding'))
    yield 'px 32px; text-align: center; font-family: '
    yield str(environment.getattr((undefined(name='fonts') if l_0_fonts is missing else l_0_fonts), 'body'))
    yield '; font-size: 13px; line-height: 20px; color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.footer p { margin: 0 0 10px; }\n.footer a { color: '
    yield str(environment.getattr((undefined(name='light') if l_0_light is missing else l_0_light), 'muted'))
    yield '; }\n.preheader { display: none; max-height: 0; max-width: 0; overflow: hidden; opacity: 0; mso-hide: all; font-size: 1px; line-height: 1px; }\n\n/* Phones: stack grid columns, let images fill their column. */\n@media screen and (max-width: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'breakpoint'))
    yield 'px) {\n  .outer-cell { padding: 0 !important; }\n  .container { width: 100% !important; }\n  .block { padding-left: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'phone_padding'))
    yield 'px !important; padding-right: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'phone_padding'))
    yield 'px !important; }\n  .masthead, .footer, .top-links { padding-left: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'phone_padding'))
    yield 'px !important; padding-right: '
    yield str(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'phone_padding'))
    yield 'px !important; }\n  .column { display: block !important; width: 100% !important; max-width: 100% !important; }\n  .column-gap { padding-'
    yield str(('left' if ((undefined(name='start') if l_0_start is missing else l_0_start) == 'right') else 'right'))
    yield ': 0 !important; }\n  .image-frame { max-width: 100% !important; }\n  .image { width: 100% !important; max-width: 100% !important; height: auto !important; }\n  .lead-title { font-size: 26px !important; line-height: 32px !important; }\n  .masthead-name { font-size: 26px !important; line-height: 32px !important; }\n}'
    l_0_dark_mode = [('body, .wrapper, .outer', 'background-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'background')), ('.container', 'background-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'surface')), ('.image-cell', 'background-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'background')), ('.button', 'background-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent')), ('.button-promo', 'background-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'surface')), ('.intro, .prose, .listing-title', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'text')), ('.masthead-name, .masthead-name a, .lead-title, .story-title, .grid-title, .title-link, .section-title, .quote-text', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'brand')), ('.masthead-tagline, .masthead-date, .byline, .caption, .quote-by, .quote-by a, .listing-meta, .promo-label, .footer, .footer a, .top-links, .top-links a, .prose blockquote, .prose-quote, .image', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'muted')), ('.label, .listing-when', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent')), ('a, .prose a', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'link')), ('.listing-title a', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'text')), ('.button', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent_text')), ('.button-promo', 'color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'text')), ('.button-promo', 'border-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'text')), ('.masthead', 'border-bottom-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'brand')), ('.promo, .listing, .divider, .section-rule, .prose-quote', 'border-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'border')), ('.quote', 'border-color', environment.getattr((undefined(name='dark') if l_0_dark is missing else l_0_dark), 'accent')), ('.logo-light', 'display', 'none'), ('.logo-dark', 'display', 'block'), ('.logo-dark', 'max-height', 'none')]
    context.vars['dark_mode'] = l_0_dark_mode
    context.exported_vars.add('dark_mode')
    yield '@media (prefers-color-scheme: dark) {\n'
    for (l_1_selectors, l_1_property, l_1_value) in (undefined(name='dark_mode') if l_0_dark_mode is missing else l_0_dark_mode):
        _loop_vars = {}
        pass
        yield '  '
        yield str(l_1_selectors)
        yield ' { '
        yield str(l_1_property)
        yield ': '
        yield str(l_1_value)
        yield ' !important; }\n'
    l_1_selectors = l_1_property = l_1_value = missing
    yield '}\n'
    l_1_loop = missing
    for (l_1_selectors, l_1_property, l_1_value), l_1_loop in LoopContext((undefined(name='dark_mode') if l_0_dark_mode is missing else l_0_dark_mode), undefined):
        l_1_mark = missing
        _loop_vars = {}
        pass
        l_1_mark = ('[data-ogsb]' if context.call(environment.getattr(l_1_property, 'startswith'), 'background', _loop_vars=_loop_vars) else '[data-ogsc]')
        _loop_vars['mark'] = l_1_mark
        def t_1(fiter):
            for l_2_selector in fiter:
                if (l_2_selector != 'body'):
                    yield l_2_selector
        l_2_loop = missing
        for l_2_selector, l_2_loop in LoopContext(t_1(context.call(environment.getattr(l_1_selectors, 'split'), ', ', _loop_vars=_loop_vars)), undefined):
            _loop_vars = {}
            pass
            yield str((undefined(name='mark') if l_1_mark is missing else l_1_mark))
            yield ' '
            yield str(l_2_selector)
            yield str((', ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 140 in 'style.css' evaluated to false and no else section was defined.")))
        l_2_loop = l_2_selector = missing
        yield ' { '
        yield str(l_1_property)
        yield ': '
        yield str(l_1_value)
        yield ' !important; }\n'
    l_1_loop = l_1_selectors = l_1_property = l_1_value = l_1_mark = missing
    yield '\n/* Links the client turns into its own (Apple dates and addresses, Gmail). */\na[x-apple-data-detectors] { color: inherit !important; text-decoration: none !important; font-size: inherit !important; font-family: inherit !important; font-weight: inherit !important; line-height: inherit !important; }\nu + .body a { color: inherit; text-decoration: none; }\n'

blocks = {}
debug_info = '6=15&7=18&8=21&10=24&11=28&15=30&18=32&19=36&20=38&23=40&24=44&25=50&26=52&27=56&28=60&29=62&30=66&34=70&35=72&36=76&40=80&41=82&43=84&45=86&46=94&48=96&49=100&50=104&51=108&52=112&53=114&54=116&55=120&57=124&59=126&61=130&63=134&64=136&68=138&69=142&70=148&71=152&72=156&73=158&74=162&76=178&77=190&78=192&79=198&80=202&81=204&82=208&84=212&85=214&86=218&87=220&89=226&95=228&98=230&99=234&101=238&111=240&134=244&135=248&138=257&139=261&140=263'