package dev.cachette.thymeleaf;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Fails on an attribute that only means something beside a main one
 * ({@code cache:timeout} without {@code cache:fragment}, {@code th:cache-using} without
 * {@code th:cache}), rather than leaving it in the output or, for {@code th:*}, letting
 * Thymeleaf's default processor turn it into an HTML attribute. The main processor reads
 * and removes these attributes first, so this one runs only when they stand alone.
 */
final class UnpairedAttributeTagProcessor extends AbstractAttributeTagProcessor {

	private final String mainAttribute;

	UnpairedAttributeTagProcessor(String prefix, String name, String mainAttribute) {
		super(TemplateMode.HTML, prefix, null, false, name, true, FragmentAttributeTagProcessor.PRECEDENCE + 1, true);
		this.mainAttribute = mainAttribute;
	}

	@Override
	protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
			String attributeValue, IElementTagStructureHandler structureHandler) {
		throw new TemplateProcessingException("'" + attributeName.getPrefix() + ":" + attributeName.getAttributeName()
				+ "' needs '" + this.mainAttribute + "' on the same element");
	}

}
