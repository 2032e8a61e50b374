"""Validation against real battles: the library behind ``clausewitz validate`` and
``clausewitz engagement``.

* :mod:`~clausewitz.validation.datasets` - the shipped historical data (CDB90, the PAR
  datadisk's Iwo Jima and Ardennes sheets, the Ardennes campaign totals);
* :mod:`~clausewitz.validation.iwo_jima` - Helmbold's Iwo Jima sheet reproduced and fitted;
* :mod:`~clausewitz.validation.attrition` - the engine's attrition law fitted to the Ardennes;
* :mod:`~clausewitz.validation.breakpoints` - break thresholds fitted to CDB90, Helmbold's checks;
* :mod:`~clausewitz.validation.engagements` - the engine's own engagement odds;
* :mod:`~clausewitz.validation.outcomes`, :mod:`~clausewitz.validation.scoring`,
  :mod:`~clausewitz.validation.split` - CDB90's training and test battles;
* :mod:`~clausewitz.validation.calibration` - the engine constants the data estimate;
* :mod:`~clausewitz.validation.suite`, :mod:`~clausewitz.report.validation` - everything at
  once, as JSON and an HTML page.

Example::

    from clausewitz.validation.suite import Settings, run_validation

    result = run_validation(Settings.quick())
    print(result.summary()["cdb90"]["brier"])
"""
