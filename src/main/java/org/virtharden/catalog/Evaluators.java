package org.virtharden.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of reviewed Java evaluators, by the name a check's {@code evaluator:} field uses. */
public final class Evaluators {
    private Evaluators() {
    }

    public static Map<String, CheckEvaluator> builtIn() {
        Map<String, CheckEvaluator> m = new LinkedHashMap<>();
        HostEvaluators.register(m);
        SshEvaluators.register(m);
        KernelEvaluators.register(m);
        OsEvaluators.register(m);
        LibvirtEvaluators.register(m);
        ControlPlaneEvaluators.register(m);
        NetworkEvaluators.register(m);
        GuestNetworkEvaluators.register(m);
        MonitoringEvaluators.register(m);
        GuestEvaluators.register(m);
        GuestPolicyEvaluators.register(m);
        PhysicalEvaluators.register(m);
        RecoveryEvaluators.register(m);
        ExtraEvaluators.register(m);
        return m;
    }

    /** The reviewed evaluators of fleet (cross-host, {@code scope: fleet}) checks, by name. */
    public static Map<String, FleetEvaluator> fleet() {
        Map<String, FleetEvaluator> m = new LinkedHashMap<>();
        FleetEvaluators.register(m);
        return m;
    }
}
