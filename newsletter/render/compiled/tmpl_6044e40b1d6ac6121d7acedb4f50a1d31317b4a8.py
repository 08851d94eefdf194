from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/_story.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_story = resolve('story')
    l_0_layout = resolve('layout')
    l_0_title_class = resolve('title_class')
    l_0_button_text = resolve('button_text')
    l_0_image = l_0_button = missing
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
    included_template = environment.get_template('blocks/_macros.html', 'blocks/_story.html').make_module(context.get_all(), True, {'button': l_0_button, 'image': l_0_image})
    l_0_image = getattr(included_template, 'image', missing)
    if l_0_image is missing:
        l_0_image = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'blocks/_story.html') does not export the requested name 'image'", name='image')
    l_0_button = getattr(included_template, 'button', missing)
    if l_0_button is missing:
        l_0_button = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'blocks/_story.html') does not export the requested name 'button'", name='button')
    context.vars.update({'image': l_0_image, 'button': l_0_button})
    context.exported_vars.difference_update(('image', 'button'))
    yield '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n'
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'image'):
        pass
        yield '<tr>\n<td>\n'
        yield escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'image'), environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'inner'), link=environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'url')))
        yield '\n</td>\n</tr>\n'
    yield '<tr>\n<td'
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'image'):
        pass
        yield ' class="after-image"'
    yield '>\n'
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'label'):
        pass
        yield '<p class="label">'
        yield escape(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'label'))
        yield '</p>\n'
    yield '<h2 class="'
    yield escape((undefined(name='title_class') if l_0_title_class is missing else l_0_title_class))
    yield '"><a class="title-link" href="'
    yield escape(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'url'))
    yield '">'
    yield escape(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'title'))
    yield '</a></h2>\n'
    if environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'byline'):
        pass
        yield '<p class="byline">'
        yield escape(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'byline'))
        yield '</p>\n'
    yield '<div class="prose">\n'
    yield escape(t_1(environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'summary')))
    yield '\n</div>\n'
    if t_2((undefined(name='button_text') if l_0_button_text is missing else l_0_button_text)):
        pass
        yield escape(context.call((undefined(name='button') if l_0_button is missing else l_0_button), (undefined(name='button_text') if l_0_button_text is missing else l_0_button_text), environment.getattr((undefined(name='story') if l_0_story is missing else l_0_story), 'url')))
        yield '\n'
    yield '</td>\n</tr>\n</table>\n'

blocks = {}
debug_info = '3=28&5=38&8=41&13=44&14=48&15=51&17=54&18=60&19=63&22=66&24=68&25=70'