from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/_story.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_story = resolve('story')
    l_0_width = resolve('width')
    l_0__ = resolve('_')
    try:
        t_1 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    try:
        t_2 = environment.filters['md_text']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'md_text' found.")
    try:
        t_3 = environment.filters['underline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'underline' found.")
    try:
        t_4 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    try:
        t_5 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    try:
        t_6 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'label'):
        pass
        yield '['
        yield str(t_4(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'label')))
        yield ']\n'
    yield str(t_3(t_5(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'title'), (undefined(name='width') if l_0_width is missing else l_0_width)), '-'))
    yield '\n'
    if (t_6(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'byline')) and environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'byline')):
        pass
        yield str(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'byline'))
        yield '\n'
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'summary'):
        pass
        yield '\n'
        yield str(t_2(context, environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'summary'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
    yield '\n'
    yield str(t_1(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'url'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Read more'), own_line=True))
    yield '\n'

blocks = {}
debug_info = '2=50&3=53&5=55&6=57&7=59&9=61&11=64&15=67'