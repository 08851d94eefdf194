from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/image.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_layout = resolve('layout')
    l_0_image = missing
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/image.html').make_module(context.get_all(), True, {'image': l_0_image})
    l_0_image = getattr(included_template, 'image', missing)
    if l_0_image is missing:
        l_0_image = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'blocks/image.html') does not export the requested name 'image'", name='image')
    context.vars['image'] = l_0_image
    context.exported_vars.discard('image')
    yield escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), (undefined(name='block') if l_0_block is missing else l_0_block), environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'inner'), link=environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'link')))
    yield '\n'
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'caption'):
        pass
        yield '<p class="caption">'
        yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'caption'))
        yield '</p>\n'

blocks = {}
debug_info = '2=14&3=20&4=22&5=25'