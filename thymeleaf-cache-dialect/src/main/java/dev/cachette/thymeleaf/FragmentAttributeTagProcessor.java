package dev.cachette.thymeleaf;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.util.EscapedAttributeUtils;

/**
 * The attribute form, {@code cache:fragment="sidebar"} with {@code cache:timeout},
 * {@code cache:vary-on}, {@code cache:using}, {@code cache:stale-while-revalidate} and
 * {@code cache:stale-if-error} beside it, each optional: Django's {@code {% cache timeout
 * name vary_on... using=alias %}} spelled as attributes. Without {@code cache:timeout}
 * the alias's default timeout applies.
 */
final class FragmentAttributeTagProcessor extends AbstractAttributeTagProcessor {

	/**
	 * After {@code th:each} (200), {@code th:if}/{@code th:unless} (300/400),
	 * {@code th:object} (500) and {@code th:with} (600), so the key can use their
	 * variables and a removed element leaves nothing pending; before every attribute
	 * setter ({@code th:attr} is 700) and {@code th:text}/{@code th:utext} (1300/1400),
	 * so a hit evaluates none of them.
	 */
	static final int PRECEDENCE = 650;

	static final String NAME = "fragment";

	static final String TIMEOUT = "timeout";

	static final String VARY_ON = "vary-on";

	static final String USING = "using";

	static final String STALE_WHILE_REVALIDATE = "stale-while-revalidate";

	static final String STALE_IF_ERROR = "stale-if-error";

	private final FragmentCaching caching;

	FragmentAttributeTagProcessor(String dialectPrefix, FragmentCaching caching) {
		super(TemplateMode.HTML, dialectPrefix, null, false, NAME, true, PRECEDENCE, true);
		this.caching = caching;
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
			String attributeValue, IElementTagStructureHandler structureHandler) {
		String prefix = attributeName.getPrefix();
		FragmentSpec spec = FragmentSpec.ofAttributes(prefix + ":" + NAME, attributeValue,
				sibling(context, tag, prefix, TIMEOUT, structureHandler),
				sibling(context, tag, prefix, VARY_ON, structureHandler),
				sibling(context, tag, prefix, USING, structureHandler),
				sibling(context, tag, prefix, STALE_WHILE_REVALIDATE, structureHandler),
				sibling(context, tag, prefix, STALE_IF_ERROR, structureHandler));
		this.caching.process(context, tag, spec, structureHandler);
	}

	/**
	 * Reads and removes an attribute that goes with the main one.
	 */
	static @Nullable String sibling(ITemplateContext context, IProcessableElementTag tag, String prefix, String name,
			IElementTagStructureHandler structureHandler) {
		String value = tag.getAttributeValue(prefix, name);
		if (value == null) {
			return null;
		}
		structureHandler.removeAttribute(prefix, name);
		return EscapedAttributeUtils.unescapeAttribute(context.getTemplateMode(), value);
	}

}
