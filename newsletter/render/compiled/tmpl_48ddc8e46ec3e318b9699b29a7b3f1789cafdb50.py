from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/events.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_section_title = missing
    try:
        t_1 = environment.filters['shortdate']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shortdate' found.")
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/events.html')._get_default_module(context)
    l_0_section_title = getattr(included_template, 'section_title', missing)
    if l_0_section_title is missing:
        l_0_section_title = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'blocks/events.html') does not export the requested name 'section_title'", name='section_title')
    context.vars['section_title'] = l_0_section_title
    context.exported_vars.discard('section_title')
    yield escape(context.call((undefined(name='section_title') if l_0_section_title is missing else l_0_section_title), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title')))
    yield '\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n'
    for l_1_event in environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'items'):
        _loop_vars = {}
        pass
        yield '<tr>\n<td class="listing">\n<p class="listing-when">'
        yield escape(t_1(context, environment.getattr(l_1_event, 'date')))
        if environment.getattr(l_1_event, 'time'):
            pass
            yield ', '
            yield escape(environment.getattr(l_1_event, 'time'))
        yield '</p>\n<p class="listing-title">'
        if environment.getattr(l_1_event, 'url'):
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_event, 'url'))
            yield '">'
            yield escape(environment.getattr(l_1_event, 'title'))
            yield '</a>'
        else:
            pass
            yield escape(environment.getattr(l_1_event, 'title'))
        yield '</p>\n<p class="listing-meta">'
        yield escape(environment.getattr(l_1_event, 'place'))
        yield '</p>\n</td>\n</tr>\n'
    l_1_event = missing
    yield '</table>\n'

blocks = {}
debug_info = '2=19&3=25&5=27&8=31&9=37&10=48'