from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_settings = resolve('settings')
    l_0_width = resolve('width')
    l_0_issue = resolve('issue')
    l_0__ = resolve('_')
    l_0_edition = resolve('edition')
    l_0_view_online_url = resolve('view_online_url')
    l_0_greeting = resolve('greeting')
    l_0_blocks = resolve('blocks')
    l_0_links = resolve('links')
    l_0_unsubscribe_url = resolve('unsubscribe_url')
    l_0_preferences_url = resolve('preferences_url')
    try:
        t_1 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    try:
        t_2 = environment.filters['longdate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'longdate' found.")
    try:
        t_3 = environment.filters['md_text']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_text' found.")
    try:
        t_4 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_5 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_6 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    try:
        t_7 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield str(t_5(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name')))
    yield '\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'):
        pass
        yield str(t_6(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'tagline'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    yield str(t_2(context, environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'date')))
    if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number'):
        pass
        yield ', '
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'issue %(number)s', number=environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'number')))
    if t_7((undefined(name='edition') if l_0_edition is missing else l_0_edition)):
        pass
        yield ', '
        yield str(environment.getattr((undefined(name='edition') if l_0_edition is missing else l_0_edition), 'name'))
    yield '\n'
    if (undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url):
        pass
        yield str(t_1((undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'View this email in your browser')))
        yield '\n'
    yield '\n'
    yield str(t_4(t_6(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'subject'), (undefined(name='width') if l_0_width is missing else l_0_width)), '='))
    yield '\n\n'
    if (undefined(name='greeting') if l_0_greeting is missing else l_0_greeting):
        pass
        yield str((undefined(name='greeting') if l_0_greeting is missing else l_0_greeting))
        yield '\n\n'
    if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro'):
        pass
        yield str(t_3(context, environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n\n'
    for l_1_block in (undefined(name='blocks') if l_0_blocks is missing else l_0_blocks):
        _loop_vars = {}
        pass
        template = environment.get_or_select_template(str_join(('blocks/', environment.getattr(l_1_block, 'type'), '.txt', )), 'email.txt')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'block': l_1_block}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '\n\n'
    l_1_block = missing
    if environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'urls'):
        pass
        yield str(t_4(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Links'), '-'))
        yield '\n'
        l_1_loop = missing
        for l_1_url, l_1_loop in LoopContext(environment.getattr((undefined(name='links') if l_0_links is missing else l_0_links), 'urls'), undefined):
            _loop_vars = {}
            pass
            yield '['
            yield str(environment.getattr(l_1_loop, 'index'))
            yield '] '
            yield str(l_1_url)
            yield '\n'
        l_1_loop = l_1_url = missing
        yield '\n'
    yield '--------------------\n'
    if environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'footer_note'):
        pass
        yield str(t_6(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'footer_note'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n\n'
    yield str(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'name'))
    yield '\n'
    yield str(environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'postal_address'))
    yield '\n\n'
    yield str(t_1((undefined(name='unsubscribe_url') if l_0_unsubscribe_url is missing else l_0_unsubscribe_url), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Unsubscribe')))
    yield '\n'
    if (undefined(name='preferences_url') if l_0_preferences_url is missing else l_0_preferences_url):
        pass
        yield str(t_1((undefined(name='preferences_url') if l_0_preferences_url is missing else l_0_preferences_url), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Manage preferences')))
        yield '\n'
    if (undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url):
        pass
        yield str(t_1((undefined(name='view_online_url') if l_0_view_online_url is missing else l_0_view_online_url), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'View online')))
        yield '\n'
    for l_1_social in environment.getattr((undefined(name='settings') if l_0_settings is missing else l_0_settings), 'social'):
        _loop_vars = {}
        pass
        yield str(t_1(environment.getattr(l_1_social, 'url'), environment.getattr(l_1_social, 'name')))
        yield '\n'
    l_1_social = missing

blocks = {}
debug_info = '3=64&4=66&5=68&7=70&9=80&10=82&13=85&15=87&16=89&19=91&20=93&23=95&24=98&27=106&28=108&29=111&30=115&35=122&36=124&39=126&40=128&42=130&43=132&44=134&46=136&47=138&49=140&50=143'