from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'blocks/grid.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_layout = resolve('layout')
    l_0_block = resolve('block')
    l_0_previous = resolve('previous')
    l_0_image = l_0_section_title = l_0_column = l_0_under_heading = l_0_level = l_0_spaced = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    try:
        t_3 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_4 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    included_template = environment.get_template('blocks/_macros.html', 'blocks/grid.html').make_module(context.get_all(), True, {'column': l_0_column, 'image': l_0_image, 'level': l_0_level, 'section_title': l_0_section_title, 'spaced': l_0_spaced, 'under_heading': l_0_under_heading})
    l_0_image = getattr(included_template, 'image', missing)
    if l_0_image is missing:
        l_0_image = undefined(f"the template {included_template.__name__!r} (imported on line 6 in 'blocks/grid.html') does not export the requested name 'image'", name='image')
    l_0_section_title = getattr(included_template, 'section_title', missing)
    if l_0_section_title is missing:
        l_0_section_title = undefined(f"the template {included_template.__name__!r} (imported on line 6 in 'blocks/grid.html') does not export the requested name 'section_title'", name='section_title')
    context.vars.update({'image': l_0_image, 'section_title': l_0_section_title})
    context.exported_vars.difference_update(('image', 'section_title'))
    l_0_column = environment.getitem(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'columns'), t_1(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'stories')))
    context.vars['column'] = l_0_column
    context.exported_vars.add('column')
    l_0_under_heading = ((t_4((undefined(name='previous') if l_0_previous is missing else l_0_previous)) and (undefined(name='previous') if l_0_previous is missing else l_0_previous)) and (environment.getattr((undefined(name='previous') if l_0_previous is missing else l_0_previous), 'type') == 'heading'))
    context.vars['under_heading'] = l_0_under_heading
    context.exported_vars.add('under_heading')
    l_0_level = ('h3' if (environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title') or (undefined(name='under_heading') if l_0_under_heading is missing else l_0_under_heading)) else 'h2')
    context.vars['level'] = l_0_level
    context.exported_vars.add('level')
    if environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title'):
        pass
        yield escape(context.call((undefined(name='section_title') if l_0_section_title is missing else l_0_section_title), environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'title')))
        yield '\n'
    yield '<div class="grid">\n'
    l_0_spaced = ((undefined(name='column') if l_0_column is missing else l_0_column) + environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'gutter'))
    context.vars['spaced'] = l_0_spaced
    context.exported_vars.add('spaced')
    yield '<!--[if mso]><table role="presentation" width="'
    yield escape(environment.getattr((undefined(name='layout') if l_0_layout is missing else l_0_layout), 'inner'))
    yield '" cellpadding="0" cellspacing="0" border="0"><tr><td width="'
    yield escape((undefined(name='spaced') if l_0_spaced is missing else l_0_spaced))
    yield '" valign="top"><![endif]-->\n'
    l_1_loop = missing
    for l_1_story, l_1_loop in LoopContext(environment.getattr((undefined(name='block') if l_0_block is missing else l_0_block), 'stories'), undefined):
        l_1_gap = missing
        _loop_vars = {}
        pass
        l_1_gap = ('' if environment.getattr(l_1_loop, 'last') else ' column-gap')
        _loop_vars['gap'] = l_1_gap
        yield '<div class="column" style="max-width: '
        yield escape(((undefined(name='column') if l_0_column is missing else l_0_column) if environment.getattr(l_1_loop, 'last') else (undefined(name='spaced') if l_0_spaced is missing else l_0_spaced)))
        yield 'px;">\n<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">\n'
        if environment.getattr(l_1_story, 'image'):
            pass
            yield '<tr>\n<td'
            if (undefined(name='gap') if l_1_gap is missing else l_1_gap):
                pass
                yield ' class="'
                yield escape(t_3((undefined(name='gap') if l_1_gap is missing else l_1_gap)))
                yield '"'
            yield '>\n'
            yield escape(context.call((undefined(name='image') if l_0_image is missing else l_0_image), environment.getattr(l_1_story, 'image'), (undefined(name='column') if l_0_column is missing else l_0_column), link=environment.getattr(l_1_story, 'url'), _loop_vars=_loop_vars))
            yield '\n</td>\n</tr>\n'
        yield '<tr>\n<td class="column-inner'
        if environment.getattr(l_1_story, 'image'):
            pass
            yield ' after-image'
        yield escape((undefined(name='gap') if l_1_gap is missing else l_1_gap))
        yield '">\n'
        if environment.getattr(l_1_story, 'label'):
            pass
            yield '<p class="label">'
            yield escape(environment.getattr(l_1_story, 'label'))
            yield '</p>\n'
        yield '<'
        yield escape((undefined(name='level') if l_0_level is missing else l_0_level))
        yield ' class="grid-title"><a class="title-link" href="'
        yield escape(environment.getattr(l_1_story, 'url'))
        yield '">'
        yield escape(environment.getattr(l_1_story, 'title'))
        yield '</a></'
        yield escape((undefined(name='level') if l_0_level is missing else l_0_level))
        yield '>\n'
        if environment.getattr(l_1_story, 'summary'):
            pass
            yield '<div class="prose">\n'
            yield escape(t_2(environment.getattr(l_1_story, 'summary')))
            yield '\n</div>\n'
        yield '</td>\n</tr>\n</table>\n</div>\n'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield '<!--[if mso]></td><td width="'
            yield escape(((undefined(name='column') if l_0_column is missing else l_0_column) if (environment.getattr(l_1_loop, 'revindex') == 2) else (undefined(name='spaced') if l_0_spaced is missing else l_0_spaced)))
            yield '" valign="top"><![endif]-->\n'
    l_1_loop = l_1_story = l_1_gap = missing
    yield '<!--[if mso]></td></tr></table><![endif]-->\n</div>\n'

blocks = {}
debug_info = '6=39&7=48&9=51&10=54&11=57&12=59&15=62&16=66&17=71&18=75&19=78&21=80&23=83&24=89&29=92&30=97&31=100&33=103&34=111&36=114&43=117&44=120'