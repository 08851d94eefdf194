from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_settings = resolve('settings')
    l_0_issue = resolve('issue')
    l_0_outlook_font_rules = resolve('outlook_font_rules')
    l_0_range = resolve('range')
    l_0_theme = resolve('theme')
    l_0_layout = resolve('layout')
    l_0_view_online_url = resolve('view_online_url')
    l_0__ = resolve('_')
    l_0_edition = resolve('edition')
    l_0_greeting = resolve('greeting')
    l_0_blocks = resolve('blocks')
    l_0_unsubscribe_url = resolve('unsubscribe_url')
    l_0_preferences_url = resolve('preferences_url')
    l_0_logo = l_0_css = missing
    try:
        t_1 = environment.filters['longdate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'longdate' found.")
    try:
        t_2 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    try:
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_4 = environment.filters['site_label']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'site_label' found.")
    try:
        t_5 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    included_template = environment.get_template('blocks/_macros.html', 'email.html')._get_default_module(context)
    l_0_logo = getattr(included_template, 'logo', missing)
    if l_0_logo is missing:
        l_0_logo = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'email.html') does not export the requested name 'logo'", name='logo')
    context.vars['logo'] = l_0_logo
    context.exported_vars.discard('logo')
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'language'))
    yield '" dir="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'direction'))
    yield '" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="X-UA-Compatible" content="IE=edge">\n<meta name="x-apple-disable-message-reformatting">\n<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">\n<meta name="color-scheme" content="light dark">\n<meta name="supported-color-schemes" content="light dark">\n<title>'
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'subject'))
    yield '</title>\n'
    t_6 = []
    pass
    template = environment.get_template('style.css', 'email.html')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'css': l_0_css, 'logo': l_0_logo}))
    try:
        for event in gen:
            t_6.append(event)
    finally: gen.close()
    l_0_css = (Markup if context.eval_ctx.autoescape else identity)(concat(t_6))
    context.vars['css'] = l_0_css
    context.exported_vars.add('css')
    yield '<!--[if mso]>\n<noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>\n'
    yield escape(context.call((undefined(name='outlook_font_rules') if l_0_outlook_font_rules is missing else l_0_outlook_font_rules), (undefined(name='css') if l_0_css is missing else l_0_css)))
    yield '\n<![endif]-->\n<style>\n'
    yield escape((undefined(name='css') if l_0_css is missing else l_0_css))
    yield '\n</style>\n</head>\n<body class="body">\n<div class="preheader" aria-hidden="true">'
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'preheader'))
    yield '\n'
    for l_1__ in context.call((undefined(name='range') if l_0_range is missing else l_0_range), 8):
        _loop_vars = {}
        pass
        for l_2__ in context.call((undefined(name='range') if l_0_range is missing else l_0_range), 10, _loop_vars=_loop_vars):
            _loop_vars = {}
            pass
            yield '&#847;&zwnj;&nbsp;'
        l_2__ = missing
        yield '\n'
    l_1__ = missing
    yield '</div>\n<div class="wrapper" lang="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'language'))
    yield '" dir="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'direction'))
    yield '" role="article" aria-roledescription="email" aria-label="'
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'subject'))
    yield '">\n<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="'
    yield escape(environment.getattr(environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'light'), 'background'))
    yield '">\n<tr>\n<td class="outer-cell" align="center" valign="top">\n<!--[if mso]><table role="presentation" width="'
    yield escape(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'width'))
    yield '" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->\n<table role="presentation" class="container" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="'
    yield escape(environment.getattr(environment.getattr((undefined(name='theme') if l_0_theme is missing else l_0_theme), 'light'), 'surface'))
    yield '">\n'
    if (undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url):
        pass
        yield '<tr>\n<td class="top-links"><a href="'
        yield escape((undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'View this email in your browser'))
        yield '</a></td>\n</tr>\n'
    yield '<tr>\n<td class="masthead">\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'logo'):
        pass
        yield escape(context.call((undefined(name='logo') if l_0_logo is missing else l_0_logo), environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'logo'), environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'inner')))
        yield '\n'
    yield '<h1 class="masthead-name"><a href="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website'))
    yield '">'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name'))
    yield '</a></h1>\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'):
        pass
        yield '<p class="masthead-tagline">'
        yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'))
        yield '</p>\n'
    yield '<p class="masthead-date">'
    yield escape(t_1(context, environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'date')))
    if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'):
        pass
        yield ' &middot; '
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Issue %(number)s', number=environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number')))
    if t_5((undefined(name='edition') if l_0_edition is missing else l_0_edition)):
        pass
        yield ' &middot; '
        yield escape(environment.getattr((undefined(name='edition') if l_0_edition is missing else l_0_edition), 'name'))
    yield '</p>\n</td>\n</tr>\n'
    if ((undefined(name='greeting') if l_0_greeting is missing else l_0_greeting) or environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro')):
        pass
        yield '<tr>\n<td class="block intro">\n<div class="prose">\n'
        if (undefined(name='greeting') if l_0_greeting is missing else l_0_greeting):
            pass
            yield '<p>'
            yield escape((undefined(name='greeting') if l_0_greeting is missing else l_0_greeting))
            yield '</p>\n'
        if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro'):
            pass
            yield escape(t_2(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro')))
            yield '\n'
        yield '</div>\n</td>\n</tr>\n'
    l_1_loop = missing
    for l_1_block, l_1_loop in LoopContext((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), undefined):
        l_1_previous = missing
        _loop_vars = {}
        pass
        l_1_previous = (environment.getattr(l_1_loop, 'previtem') if t_5(environment.getattr(l_1_loop, 'previtem')) else None)
        _loop_vars['previous'] = l_1_previous
        if (((environment.getattr(l_1_block, 'type') == 'story') and t_5(environment.getattr(l_1_loop, 'previtem'))) and (environment.getattr(environment.getattr(l_1_loop, 'previtem'), 'type') in ('lead', 'story', 'grid'))):
            pass
            yield '<tr>\n<td class="block separator">\n'
            template = environment.get_template('blocks/divider.html', 'email.html')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'block': l_1_block, 'loop': l_1_loop, 'previous': l_1_previous, 'css': l_0_css, 'logo': l_0_logo}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
            yield '</td>\n</tr>\n'
        yield '<tr>\n<td class="block block-'
        yield escape(environment.getattr(l_1_block, 'type'))
        yield '">\n'
        template = environment.get_or_select_template(markup_join(('blocks/', environment.getattr(l_1_block, 'type'), '.html', )), 'email.html')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'block': l_1_block, 'loop': l_1_loop, 'previous': l_1_previous, 'css': l_0_css, 'logo': l_0_logo}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '</td>\n</tr>\n'
    l_1_loop = l_1_block = l_1_previous = missing
    yield '<tr>\n<td class="footer">\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'social'):
        pass
        yield '<p>'
        l_1_loop = missing
        for l_1_link, l_1_loop in LoopContext(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'social'), undefined):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_link, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_link, 'name'))
            yield '</a>'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ' &middot; '
        l_1_loop = l_1_link = missing
        yield '</p>\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'footer_note'):
        pass
        yield '<p>'
        yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'footer_note'))
        yield '</p>\n'
    yield '<p>'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name'))
    yield '<br>'
    yield escape(t_3(context.eval_ctx, environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'postal_address'), '\n', ', '))
    yield '</p>\n<p><a href="'
    yield escape((undefined(name='unsubscribe_url') if l_0_unsubscribe_url is missing else l_0_unsubscribe_url))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Unsubscribe'))
    yield '</a>'
    if (undefined(name='preferences_url') if l_0_preferences_url is missing else l_0_preferences_url):
        pass
        yield ' &middot; <a href="'
        yield escape((undefined(name='preferences_url') if l_0_preferences_url is missing else l_0_preferences_url))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Manage preferences'))
        yield '</a>'
    if (undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url):
        pass
        yield ' &middot; <a href="'
        yield escape((undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'View online'))
        yield '</a>'
    yield ' &middot; <a href="'
    yield escape(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website'))
    yield '">'
    yield escape(t_4(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'website')))
    yield '</a></p>\n</td>\n</tr>\n</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td>\n</tr>\n</table>\n</div>\n</body>\n</html>\n'

blocks = {}
debug_info = '1=55&3=62&12=66&13=70&18=80&21=82&27=84&28=86&29=89&34=97&35=103&38=105&39=107&40=109&42=112&47=117&48=119&50=122&51=126&52=129&54=132&57=142&61=145&62=148&64=150&65=152&71=156&72=160&74=162&77=165&82=173&83=175&89=184&90=188&92=201&93=204&95=207&96=211'