from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'archive/_content.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_greeting = resolve('greeting')
    l_0_issue = resolve('issue')
    l_0_blocks = resolve('blocks')
    try:
        t_1 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    try:
        t_2 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    if ((undefined(name='greeting') if l_0_greeting is missing else l_0_greeting) or environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro')):
        pass
        yield '<div class="block intro">\n<div class="prose">\n'
        if (undefined(name='greeting') if l_0_greeting is missing else l_0_greeting):
            pass
            yield '<p>'
            yield escape((undefined(name='greeting') if l_0_greeting is missing else l_0_greeting))
            yield '</p>\n'
        if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro'):
            pass
            yield escape(t_1(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'intro')))
            yield '\n'
        yield '</div>\n</div>\n'
    l_1_loop = missing
    for l_1_block, l_1_loop in LoopContext((undefined(name='blocks') if l_0_blocks is missing else l_0_blocks), undefined):
        l_1_previous = missing
        _loop_vars = {}
        pass
        l_1_previous = (environment.getattr(l_1_loop, 'previtem') if t_2(environment.getattr(l_1_loop, 'previtem')) else None)
        _loop_vars['previous'] = l_1_previous
        yield '<section class="block block-'
        yield escape(environment.getattr(l_1_block, 'type'))
        yield '">\n'
        template = environment.get_or_select_template(markup_join(('blocks/', environment.getattr(l_1_block, 'type'), '.html', )), 'archive/_content.html')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'block': l_1_block, 'loop': l_1_loop, 'previous': l_1_previous}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        yield '</section>\n'
    l_1_loop = l_1_block = l_1_previous = missing

blocks = {}
debug_info = '4=26&7=29&8=32&10=34&11=36&16=40&17=44&18=47&19=49'