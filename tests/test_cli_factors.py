import subprocess
import sys

import pytest
from click.testing import CliRunner

from ghgkit.cli import main


def test_show_residential_diesel():
    r = CliRunner().invoke(main, ["factors", "show", "st_res_diesel_co2"])
    assert r.exit_code == 0
    assert "74,100 kg/TJ CO2" in r.output
    assert "Table 2.5" in r.output
    assert "st_res_diesel_ch4: 10 kg/TJ CH4" in r.output
    assert "st_res_diesel_n2o: 0.6 kg/TJ N2O" in r.output


def test_list_filters():
    r = CliRunner().invoke(main, ["factors", "list", "--activity", "lpg", "--gas", "CH4", "--format", "csv"])
    assert r.exit_code == 0
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("factor_id,")
    assert all(",lpg,CH4," in l for l in lines[1:]) and len(lines) > 5


def test_check_exit_codes(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("factor_id,activity,gas,value,unit,sector,source\n"
                   "a,diesel,CO2,74100,kg/TJJ,household,me\nb,diesel,CH4,10,kg/TJ,household,\n"
                   "c,diesel,N2O,-1,kg/TJ,household,me\n")
    r = CliRunner().invoke(main, ["factors", "check", str(bad)])
    assert r.exit_code == 1
    for n in (2, 3, 4):
        assert f"line {n}:" in r.output
    good = tmp_path / "good.csv"
    good.write_text("factor_id,activity,gas,value,unit,sector,source\nx,diesel,CO2,74100,kg/TJ,household,me\n")
    assert CliRunner().invoke(main, ["factors", "check", str(good)]).exit_code == 0


def test_unknown_factor_exit_2():
    r = CliRunner().invoke(main, ["factors", "show", "nope_nothing"])
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_python_m_version():
    out = subprocess.run([sys.executable, "-m", "ghgkit", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "ghgkit, version" in out.stdout


@pytest.mark.parametrize("pid,expect", [("ncv_lpg", "47.3 TJ/Gg"), ("density_diesel", "1,149 L/t"),
                                        ("mcf_swds_unmanaged_deep", "Table 3.1")])
def test_show_properties_and_parameters(pid, expect):
    r = CliRunner().invoke(main, ["factors", "show", pid])
    assert r.exit_code == 0 and expect in r.output


def test_check_names_the_unit_once(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("factor_id,activity,gas,value,unit,sector,source\na,lpg,CO2,3,t/ton,household,me\n")
    r = CliRunner().invoke(main, ["factors", "check", str(bad)])
    assert r.exit_code == 1
    assert "line 2: unit 't/ton' refused (part 'ton')" in r.output and "unit unit" not in r.output
