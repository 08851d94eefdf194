from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/image.txt'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0__ = resolve('_')
    l_0_width = resolve('width')
    try:
        t_1 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    try:
        t_2 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if (environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'caption') or environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'alt')):
        pass
        yield '['
        yield str(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Image: %(text)s', text=t_2((environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'caption') or environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'alt')), ((undefined(name='width') if l_0_width is missing else l_0_width) - 8))))
        yield ']\n'
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'link'):
        pass
        yield str(t_1(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'link'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Image link')))
        yield '\n'

blocks = {}
debug_info = '1=26&2=29&4=31&5=33'