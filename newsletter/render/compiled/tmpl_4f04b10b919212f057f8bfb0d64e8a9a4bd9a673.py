from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/promo.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_block = resolve('block')
    l_0_layout = resolve('layout')
    l_0_image = l_0_button = missing
    try:
        t_1 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/promo.html').make_module(context.get_all(), True, {'button': l_0_button, 'image': l_0_image})
    l_0_image = getattr(included_template, 'image', missing)
    if l_0_image is missing:
        l_0_image = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'blocks/promo.html') does not export the requested name 'image'", name='image')
    l_0_button = getattr(included_template, 'button', missing)
    if l_0_button is missing:
        l_0_button = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'blocks/promo.html') does not export the requested name 'button'", name='button')
    context.vars.update({'image': l_0_image, 'button': l_0_button})
    context.exported_vars.difference_update(('image', 'button'))
    yield '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n<tr>\n<td class="promo">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n<tr>\n<td class="promo-head">\n<p class="promo-label">'
    yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'label'))
    yield '</p>\n</td>\n</tr>\n'
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'image'):
        pass
        yield '<tr>\n<td>\n'
        yield escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'image'), environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'promo_inner'), link=environment.getattr(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'button'), 'url')))
        yield '\n</td>\n</tr>\n'
    yield '<tr>\n<td'
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'image'):
        pass
        yield ' class="after-image"'
    yield '>\n<h2 class="story-title">'
    yield escape(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'))
    yield '</h2>\n<div class="prose">\n'
    yield escape(t_1(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'body')))
    yield '\n</div>\n'
    yield escape(context.call((undefined(name='button') if l_0_button is missing else l_0_button), environment.getattr(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'button'), 'text'), environment.getattr(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'button'), 'url'), kind='promo', max_width=environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'promo_inner')))
    yield '\n</td>\n</tr>\n</table>\n</td>\n</tr>\n</table>\n'

blocks = {}
debug_info = '3=20&10=30&13=32&16=35&21=38&22=42&24=44&26=46'