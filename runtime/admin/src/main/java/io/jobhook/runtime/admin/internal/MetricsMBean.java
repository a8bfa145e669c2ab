package io.jobhook.runtime.admin.internal;

import java.util.Map;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The runtime's metrics over JMX ({@code io.jobhook:type=Metrics}): one read-only attribute per series, named as in
 * the Prometheus text, read from the registry at each call. Dynamic, because handlers come and go with their series;
 * by hand, because Prometheus' client has no JMX exporter and a second metrics library would be a second source.
 */
final class MetricsMBean implements DynamicMBean {

    static final ObjectName NAME;

    static {
        try {
            NAME = new ObjectName("io.jobhook:type=Metrics");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MetricsExposition metrics;

    MetricsMBean(MetricsExposition metrics) {
        this.metrics = metrics;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Double value = metrics.series().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException("No series " + attribute + " now");
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Double> now = metrics.series();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            Double value = now.get(a);
            if (value != null) {
                list.add(new Attribute(a, value));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("Metrics are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("The metrics MBean has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] attributes = metrics.series().keySet().stream()
                .map(name -> new MBeanAttributeInfo(name, Double.class.getName(), name, true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(MetricsMBean.class.getName(), "Jobhook metrics, as at GET /jobhook/v1/metrics",
                attributes, null, new MBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }
}
