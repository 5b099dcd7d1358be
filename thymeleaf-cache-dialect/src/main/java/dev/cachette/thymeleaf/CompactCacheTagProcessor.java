package dev.cachette.thymeleaf;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * The compact form, {@code th:cache="500, sidebar, ${user.name}"}: Django's {@code {%
 * cache %}} arguments in Django's order (timeout, name, vary-on...), the alias as a
 * trailing {@code using='localcache'} or in {@code th:cache-using}. It goes through the
 * same {@link FragmentCaching} as {@code cache:fragment}.
 */
final class CompactCacheTagProcessor extends AbstractAttributeTagProcessor {

	static final String PREFIX = "th";

	static final String NAME = "cache";

	static final String USING = "cache-using";

	private final FragmentCaching caching;

	CompactCacheTagProcessor(FragmentCaching caching) {
		super(TemplateMode.HTML, PREFIX, null, false, NAME, true, FragmentAttributeTagProcessor.PRECEDENCE, true);
		this.caching = caching;
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
			String attributeValue, IElementTagStructureHandler structureHandler) {
		String prefix = attributeName.getPrefix();
		String using = FragmentAttributeTagProcessor.sibling(context, tag, prefix, USING, structureHandler);
		FragmentSpec spec = FragmentSpec.ofCompact(prefix + ":" + NAME, attributeValue, using);
		this.caching.process(context, tag, spec, structureHandler);
	}

}
